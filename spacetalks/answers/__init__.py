"""The answers every renderer reads: typed rows and documents, made once for every format."""
