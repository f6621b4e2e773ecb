"""OneVisit Back Office: everything Qt."""
