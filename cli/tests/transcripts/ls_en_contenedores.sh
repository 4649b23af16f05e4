docker volume create datos
docker run --rm -v datos:/data alpine sh -c 'echo hola > /data/a.txt; ls -l /data'
docker run --rm -v datos:/data ubuntu ls -l /data
