"""Where things are and what runs them: the user's folders, resources, devices."""
