import io.gatling.core.Predef._
class CheckoutSimulation extends Simulation {}
