#include "engine/traffic/simulation.hpp"
