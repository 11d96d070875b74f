// implemented by a later commit
