docker compose up
docker compose logs main
docker compose ps -a
docker compose exec main python3 /code/main.py
echo $?
docker compose run --rm main
echo $?
