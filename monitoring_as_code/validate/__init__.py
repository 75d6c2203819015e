"""`mac validate`: check a build folder with the real tools and schemas."""
