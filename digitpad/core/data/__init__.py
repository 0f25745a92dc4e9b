"""Training and test data: MNIST from its IDX files, real pen digits (UNIPEN), their renders, augmentation."""
