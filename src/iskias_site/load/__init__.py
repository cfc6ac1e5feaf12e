"""Stage 1, load: site.yml, the articles' files with their line numbers, the bibliography, data files and image sizes."""
