"""People: users and their PINs, customers, kasbon (tabs), down payments and credit, and customers kept."""
