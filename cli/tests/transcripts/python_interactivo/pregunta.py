nombre = input("¿Cómo te llamas? ")
print(f"Hola, {nombre}")
edad = int(input("Edad: "))
print(edad + 1)
