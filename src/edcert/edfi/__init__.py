"""Ed-Fi v3 client side: OAuth2 client credentials, resource calls, scenario data."""
