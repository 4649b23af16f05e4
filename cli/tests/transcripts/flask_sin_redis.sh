docker compose up -d
curl -i http://localhost:8000/
docker compose logs web
docker compose down
