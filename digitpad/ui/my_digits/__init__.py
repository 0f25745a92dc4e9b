"""My digits: collecting the user's drawings, browsing them, fine-tuning on them."""
