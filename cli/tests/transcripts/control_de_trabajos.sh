sleep 100 &
jobs
jobs -l
echo "último: $!"
sleep 2 &
wait %2; echo "estado $?"
kill %1
jobs
kill %1
sleep 30 &
fg
^C
echo "estado $?"
bash -c 'sleep 100 & kill -9 $!; wait $!; echo "estado $?"'
docker run --rm alpine sh -c 'sleep 2 & echo "hijo $!"; wait; echo fin'
docker run -it --name caja alpine sh
sleep 5 &
false &
jobs
fg
exit
