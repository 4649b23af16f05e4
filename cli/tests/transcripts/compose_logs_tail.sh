docker compose up -d
sleep 10
docker compose logs db | wc -l
docker compose logs --tail 3 db
docker compose logs -n 2 --no-log-prefix db
docker compose logs --tail all db | wc -l
docker compose logs --tail 0 db
docker compose logs -t --tail 1 db
docker logs -t --tail 1 compose_logs_tail-db-1
