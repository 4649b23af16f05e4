docker compose up -d
docker compose ps
docker ps --format '{{.Names}} {{.Status}}'
docker compose logs db
docker compose down
docker compose ps -a
