docker run -it alpine sh
echo "sh x" > x
sh x
echo $?
echo 'echo $(sh x)' > x
sh x
echo $?
exit
