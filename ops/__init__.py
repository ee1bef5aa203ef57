"""Operations: the health endpoint for load balancers and monitors, backup and restore."""
