docker network create red1
docker network create red2
docker run -d --network red1 --name web nginx
docker run -dit --network red2 --name cliente alpine
docker exec cliente ping -c 2 web
echo $?
docker exec cliente ping -c 2 172.18.0.2
echo $?
docker network connect red1 cliente
docker exec cliente ping -c 2 web
docker exec cliente wget -qO- web
