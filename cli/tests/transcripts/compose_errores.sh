docker compose logs nope
docker compose up -d --bogus
docker compose exec web sh
docker compose up -d
docker compose exec nope sh
docker compose restart
docker compose stop
docker compose start
docker compose top
docker compose down
