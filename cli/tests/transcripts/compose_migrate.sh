docker compose up -d
docker compose ps -a
docker compose down
