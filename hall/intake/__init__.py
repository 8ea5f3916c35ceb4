"""What every citizen record shares (cases, complaints, information requests, appointments):
numbering, query codes, the applicant and ID checks, and for complaints and information
requests one "numbered record with a query code and a working-day deadline"."""
