"""Project screens that also show review facts: P6/P7 lists with evaluations, P10 public
detail with traits and keywords, P13 team members with keywords."""
