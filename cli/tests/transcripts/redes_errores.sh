docker network create mynet
docker network create mynet
echo $?
docker network ls
docker network rm bridge
docker run -d --network nope --name web nginx
echo $?
docker run -d --network mynet --name web nginx
docker network rm mynet
docker network connect mynet web
docker network connect nope web
docker network connect mynet nada
docker network inspect nope
docker rm -f web
docker network rm mynet
docker network ls
docker volume rm nada
echo $?
