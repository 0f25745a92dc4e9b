"""The command line speaks English, or Simplified Chinese from `--lang zh_CN` or a Chinese locale."""

import os
import subprocess
import sys

import pytest

from digitpad.commands.language import requested_language

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def run_cli(tmp_path, *args: str, lang: str = "C") -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    env |= {"LANG": lang, "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-m", "digitpad", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_lang_option_gives_chinese_help(tmp_path):
    out = run_cli(tmp_path, "--lang", "zh_CN", "--help")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("用法：digitpad [-h]")
    for text in ("在 MNIST 上训练模型并保存检查点", "显示此帮助信息并退出", "帮助和消息的语言", "选项:"):
        assert text in out.stdout
    assert "usage:" not in out.stdout and "show this help" not in out.stdout


def test_chinese_locale_gives_chinese_command_help(tmp_path):
    out = run_cli(tmp_path, "eval", "--help", lang="zh_CN.UTF-8")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("用法：digitpad eval")
    assert ".pt 文件，或预训练模型的名称" in out.stdout and "数据文件夹中没有 MNIST 时下载它" in out.stdout
    # a wrapped usage line starts under the first argument (a Chinese character takes two columns)
    usage = out.stdout.split("\n\n")[0].splitlines()
    assert len(usage) > 1 and usage[1].index("[") == len("用法：digitpad eval ") + 3


def test_lang_after_the_command(tmp_path):
    out = run_cli(tmp_path, "train", "--help", "--lang=zh_CN")
    assert out.returncode == 0 and "峰值学习率" in out.stdout


def test_user_errors_in_chinese(tmp_path):
    missing = tmp_path / "missing.pt"
    out = run_cli(tmp_path, "eval", str(missing), lang="zh_CN.UTF-8")
    assert out.returncode == 2
    # the core's own words ("{path} does not exist.") come from its translations, through digitpad.ui.common.i18n
    assert out.stderr.startswith(f"digitpad：错误：{missing}") and len(out.stderr.strip().splitlines()) == 1
    wrong = run_cli(
        tmp_path, "train", "--model", "mlp", "--channels", "8", "--out", str(tmp_path / "x.pt"), lang="zh_CN"
    )
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "digitpad：错误：--channels 只接受正整数，且只能与 --model cnn 一起使用"
    usage = run_cli(tmp_path, "--lang", "zh_CN", "predict", "--model", "nope", "x.png")
    assert usage.returncode == 2 and "digitpad predict：错误：参数 --model：无效的选择：'nope'" in usage.stderr


def test_english_by_default(tmp_path):
    out = run_cli(tmp_path, "--help")
    assert out.returncode == 0 and out.stdout.startswith("usage: digitpad [-h]")
    assert "show this help message and exit" in out.stdout and out.stdout.isascii()
    missing = tmp_path / "missing.pt"
    error = run_cli(tmp_path, "eval", str(missing))
    assert error.returncode == 2 and error.stderr.strip() == f"digitpad: error: {missing} does not exist."


def test_lang_en_overrides_a_chinese_locale(tmp_path):
    out = run_cli(tmp_path, "--lang", "en", "eval", "--help", lang="zh_CN.UTF-8")
    assert out.returncode == 0 and out.stdout.startswith("usage: digitpad eval") and out.stdout.isascii()
    error = run_cli(tmp_path, "eval", str(tmp_path / "missing.pt"), "--lang", "en", lang="zh_CN.UTF-8")
    assert error.returncode == 2 and error.stderr.startswith("digitpad: error:") and error.stderr.isascii()


def test_english_does_not_load_qt(tmp_path):
    script = (
        "import sys\n"
        "from digitpad.cli import main\n"
        "assert main(['eval', 'missing.pt']) == 2\n"
        "print('PySide6' in sys.modules)\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES} | {"LANG": "C.UTF-8"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "en"),
        ([], {"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ([], {"LANG": "zh_SG"}, "zh_CN"),
        ([], {"LANG": "zh_Hans_CN.UTF-8"}, "zh_CN"),
        ([], {"LANG": "zh_TW.UTF-8"}, "en"),
        ([], {"LANG": "de_DE.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh_CN"),
        ([], {"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ([], {"LANG": "zh_CN.UTF-8", "LC_ALL": ""}, "zh_CN"),  # an empty variable is not set
        (["--lang", "en"], {"LANG": "zh_CN.UTF-8"}, "en"),
        (["eval", "x.pt", "--lang=zh_CN"], {}, "zh_CN"),
        (["--lang", "fr"], {"LANG": "zh_CN.UTF-8"}, "zh_CN"),  # argparse then refuses "fr", in Chinese
        (["predict", "--", "--lang", "zh_CN"], {}, "en"),  # after "--", a file name
        (["predict", "en", "x--lang=en"], {"LANG": "zh_CN"}, "zh_CN"),  # file names
    ],
)
def test_requested_language(argv, environ, expected):
    assert requested_language(argv, environ) == expected
