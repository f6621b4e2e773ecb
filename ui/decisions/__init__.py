"""The decision desk workspace: the decision form, the document preview, sealing, issuing."""
