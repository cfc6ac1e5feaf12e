"""The build as a list of steps: one article (load, check, convert, render) and the whole site around it."""
