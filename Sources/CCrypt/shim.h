// libxcrypt's crypt(3): verifies the bcrypt hashes of a web config's basic_auth_users.
#include <crypt.h>
