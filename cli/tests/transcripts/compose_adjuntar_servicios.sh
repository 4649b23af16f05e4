docker compose up
docker compose down
docker compose up web
docker compose down
docker compose up --attach-dependencies web
docker compose down
docker compose up --attach ruido --no-attach web
docker compose down
docker compose up --attach nada
docker compose up -d --attach web
docker compose up --attach web --attach-dependencies
