docker compose --help
docker compose up --help
docker compose up --bogus
docker compose up -x
docker compose logs --tail
docker compose --nope up
docker compose frobnicate
docker compose up -dV
docker compose ps --all=false --services
docker compose ps -- -a
docker compose down --timeout=5
docker compose cp --help
docker compose rm --help
