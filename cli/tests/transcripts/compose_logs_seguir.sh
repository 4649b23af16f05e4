docker compose up -d
docker compose logs -f tarea falla
docker compose logs -f tarea
^C
docker compose logs -f falla
docker compose logs -f --tail 1 --no-log-prefix web
^C
docker compose logs --no-log-prefix tarea callado
docker compose logs --tail 1
