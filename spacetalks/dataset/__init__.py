"""The records of a dataset and the rules they keep: typed records, dates, decoding,
checking and merging. No I/O beyond reading the bytes it is handed."""
