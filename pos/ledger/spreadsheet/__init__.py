"""Products and customers to and from the spreadsheets shops keep (CSV or XLSX)."""
