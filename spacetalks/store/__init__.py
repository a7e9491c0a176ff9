"""Reading dataset files, and the cache that makes a large one fast to read again."""
