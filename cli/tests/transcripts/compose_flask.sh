docker compose up
curl localhost:8000
docker compose logs web --tail 1
docker compose down
