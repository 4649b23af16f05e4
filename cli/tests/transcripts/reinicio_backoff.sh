docker run -d --restart always --name falla alpine sh -c 'exit 1'
docker ps
sleep 5
docker ps
docker stop falla
docker ps -a
