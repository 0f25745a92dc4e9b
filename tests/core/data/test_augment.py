import torch
import torch.nn.functional as F

from digitpad.core.data.augment import AugmentConfig, _affine_grid, _max3x3, augment


def test_fast_affine_grid_matches_torchs():
    theta = torch.randn(16, 2, 3, generator=torch.Generator().manual_seed(0))
    for h, w in ((28, 28), (20, 32)):
        expected = F.affine_grid(theta, [16, 1, h, w], align_corners=False)
        torch.testing.assert_close(_affine_grid(theta, h, w), expected, atol=1e-5, rtol=1e-5)


def test_fast_3x3_max_matches_max_pool():
    x = torch.randn(8, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    assert torch.equal(_max3x3(x), F.max_pool2d(x, 3, stride=1, padding=1))
    assert torch.equal(-_max3x3(-x), -F.max_pool2d(-x, 3, stride=1, padding=1))


def test_no_op_settings_return_the_images_unchanged(small_mnist):
    x = small_mnist.train.images[:32].unsqueeze(1).float() / 255
    still = AugmentConfig(rotation_deg=0, scale=(1, 1), shift=0, shear_deg=0, thickness_prob=0)
    torch.testing.assert_close(augment(x, torch.Generator().manual_seed(0), still), x, atol=1e-5, rtol=0)


def test_augmentation_moves_the_digit_but_keeps_it_in_frame(small_mnist):
    x = small_mnist.train.images[:256].unsqueeze(1).float() / 255
    out = augment(x, torch.Generator().manual_seed(0))
    assert out.shape == x.shape and out.dtype == x.dtype
    assert (out - x).abs().mean() > 0.02, "the digits should change"
    assert out.min() >= 0 and out.max() <= 1
    ink_in, ink_out = x.sum(dim=(1, 2, 3)), out.sum(dim=(1, 2, 3))
    assert ((ink_out / ink_in) > 0.4).all(), "no digit may be pushed out of the frame"


def test_thickness_changes_only_the_chosen_images_and_the_same_on_cpu_as_everywhere():
    from digitpad.core.data.augment import _change_thickness, _dilate, _erode

    x = torch.rand(64, 1, 28, 28, generator=torch.Generator().manual_seed(2))
    out = _change_thickness(x, torch.Generator().manual_seed(3), 0.3)
    r = torch.rand(64, generator=torch.Generator().manual_seed(3))  # the same draw as inside
    thicker, thinner = r < 0.15, (r >= 0.15) & (r < 0.3)
    assert thicker.any() and thinner.any() and (~(thicker | thinner)).any()
    dense = torch.where(thicker.view(-1, 1, 1, 1), _dilate(x), torch.where(thinner.view(-1, 1, 1, 1), _erode(x), x))
    assert torch.equal(out, dense)  # the CPU path (only the chosen images) is the dense one of the other devices
    assert torch.equal(out[~(thicker | thinner)], x[~(thicker | thinner)])
    assert (out[thicker].sum() > x[thicker].sum()) and (out[thinner].sum() < x[thinner].sum())
