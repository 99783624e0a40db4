"Data files shipped with the package (the pretrained world model); a package so that setuptools installs them."
