"""The account's life across apps: sign-up claiming listed memberships, the address change,
leaving PRism and the data export (DESIGN D17)."""
