print("hola")
