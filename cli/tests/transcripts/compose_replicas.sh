docker compose up -d
docker compose ps
docker compose exec client nslookup api
docker compose exec client ping -c 1 api
docker compose exec client ping -c 1 api
docker compose exec client ping -c 1 compose_replicas-api-2
