docker compose up -d
sleep 10
docker compose logs db | wc -l
docker compose logs --tail 3 db
docker compose logs -n 2 --no-log-prefix db
docker compose logs --tail all db | wc -l
docker compose logs --tail 0 db
docker compose logs -t --tail 1 db
docker logs -t --tail 1 compose_logs_tail-db-1
docker compose logs --since 7d db
docker compose logs --since 2025-03-10T10:00:01.51Z db
docker compose logs --until 2025-03-10T10:00:00.1Z --no-log-prefix db
docker compose logs --since 30s --tail 1 db
docker compose logs --since 5s db
docker compose logs --index 1
docker compose logs --index 2 db
docker compose logs --index x db
docker compose logs --index 1 -n 1 db
docker compose logs --no-color -n 1 db
docker logs --since ayer compose_logs_tail-db-1
docker logs --until 2025-02-30 compose_logs_tail-db-1
