docker ps nada
echo $?
docker ps --foo
echo $?
docker stop nada
echo $?
docker rm nada
docker logs nada
docker exec nada ls
echo $?
docker start nada
echo $?
docker kill nada
docker port nada
echo $?
