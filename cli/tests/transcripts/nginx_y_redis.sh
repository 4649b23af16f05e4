docker run -d --name web -p 8080:80 nginx
sleep 2
docker exec web nginx -s reload
docker exec web sh -c 'echo "servr_name x;" >> /etc/nginx/conf.d/default.conf'
docker exec web nginx -s reload
docker kill -s HUP web
docker logs web 2>&1 | tail -20
docker run -d --name cache -v datos:/data redis
sleep 1
docker exec cache redis-cli set visitas 41
docker exec cache redis-cli incr visitas
docker exec -t cache redis-cli get visitas
docker exec -t cache redis-cli rpush tareas lavar planchar
docker exec -t cache redis-cli lrange tareas 0 -1
docker exec -t cache redis-cli get nada
docker exec -t cache redis-cli FOO bar
docker restart cache
docker logs cache 2>&1 | tail -13
docker exec cache redis-cli get visitas
docker run --rm golang:1.22 go version
