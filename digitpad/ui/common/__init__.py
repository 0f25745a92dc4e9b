"""What every panel may use: theme, dialogs and messages, pictures between numpy and Qt, object names."""
