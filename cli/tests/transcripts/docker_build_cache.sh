docker build -t app .
docker build -t app .
echo 'print("adios")' > app.py
docker build -t app .
docker images
docker build --no-cache -t app .
docker images
docker compose build
docker compose build
docker images
docker compose build --no-cache
docker images
