"""The decision desk without Qt: the document, sealing (platform or local), issuing."""
