docker compose up -d
docker compose config --services
