docker network create n
docker run -d --name web --network n nginx
docker run --rm --network n alpine ping -c 4 web
echo $?
docker run --rm alpine sh -c 'for i in 1 2 3; do echo vuelta $i; sleep 2; done; exit 3'
echo $?
docker run --name bucle --network n alpine ping web
echo después
