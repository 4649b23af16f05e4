docker run -d --name web nginx
docker diff web
docker top web
docker exec web sh -c "echo hola > /usr/share/nginx/html/nuevo.html; rm /usr/share/nginx/html/50x.html"
docker diff web
docker run -d --name caja -v datos:/data alpine sleep 1000
docker exec caja touch /data/x /root/y
docker diff caja
docker top caja
docker diff
docker diff nadie
