docker run -d --restart unless-stopped redis
docker update --restart unless-stopped redis
docker update --restart unless-stopped $(docker ps -q)
docker run -d --name siempre --restart always alpine sleep 1000
docker run -d --name salvo --restart unless-stopped alpine sleep 1000
docker stop siempre salvo
sudo systemctl restart docker
docker ps -a --format '{{.Names}} {{.Status}}'
docker build -t startstop .
docker run --restart always startstop
docker ps
docker container attach $(docker ps -lq)
docker ps -a --format '{{.Image}} {{.Status}}'
docker run -d --restart on-failure:2 startstop
sleep 30
docker ps -a -l --format '{{.Image}} {{.Status}}'
docker inspect -f '{{.RestartCount}}' $(docker ps -lq)
docker run --restart on-failure:-1 startstop
docker run --restart sometimes startstop
