from locust import HttpUser, task

class Shopper(HttpUser):
    @task
    def home(self):
        self.client.get("/")
