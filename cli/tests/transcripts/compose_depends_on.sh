docker compose up -d
docker compose ps
sleep 10
docker compose logs app
docker compose ps
docker inspect -f '{{.RestartCount}}' compose_depends_on-app-1
